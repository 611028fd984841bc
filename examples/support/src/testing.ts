export { startOtlpReceiver, type OtlpReceiver } from "./otlp-receiver.js";
