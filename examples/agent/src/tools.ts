import { z } from "zod";
import { defineTool } from "@weft/llm";

/** Canned observations, so the example runs offline; a real tool would call a weather API here. */
const WEATHER: Record<string, { tempC: number; sky: string }> = {
  paris: { tempC: 18, sky: "cloudy" },
  tokyo: { tempC: 24, sky: "sunny" },
  oslo: { tempC: 7, sky: "light rain" },
  "new york": { tempC: 21, sky: "clear" },
  cairo: { tempC: 33, sky: "hot and dry" },
};

export const KNOWN_CITIES = Object.keys(WEATHER);

export const getWeather = defineTool(
  "get_weather",
  {
    description: "The current weather in a city: temperature in °C and the sky.",
    parameters: z.object({ city: z.string().describe("The city's name, e.g. Paris") }),
  },
  // A thrown error becomes the tool's result, so the model can read it and recover.
  async ({ city }) => {
    const weather = WEATHER[city.trim().toLowerCase()];
    if (!weather) throw new Error(`no weather data for "${city}" (known: ${KNOWN_CITIES.join(", ")})`);
    return { city, ...weather };
  },
);

export const calculator = defineTool(
  "calculator",
  {
    description: "Exact arithmetic on two numbers.",
    parameters: z.object({
      a: z.number(),
      b: z.number(),
      op: z.enum(["add", "subtract", "multiply", "divide"]),
    }),
  },
  ({ a, b, op }) => {
    if (op === "divide" && b === 0) throw new Error("division by zero");
    const result = op === "add" ? a + b : op === "subtract" ? a - b : op === "multiply" ? a * b : a / b;
    return { result };
  },
);

export const tools = [getWeather, calculator];
