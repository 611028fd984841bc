/** Sample input: customer reviews of a (fictional) kettle. */
export const reviews: readonly string[] = [
  "Boils a full litre in under three minutes and switches itself off reliably. The handle stays cool. Very happy.",
  "The lid broke after two weeks. Customer service replaced it quickly, but it should not have happened.",
  "Quiet, fast, and the temperature presets are perfect for green tea. Worth the price.",
  "Leaves a plastic taste in the water even after ten boils. Returned it.",
  "Looks great on the counter. The blue light is a bit bright at night but otherwise excellent.",
  "Cord is too short for my kitchen; I need an extension to reach the socket. Works fine otherwise.",
  "Keep-warm mode holds the temperature for thirty minutes, which is exactly what I wanted for pour-over coffee.",
  "Limescale builds up fast in hard water areas. Descale monthly and it is fine.",
  "Stopped working after six months. The warranty claim took three weeks.",
  "Lightweight and easy to pour with one hand, even when full. My grandmother loves it.",
];
