import { defineTool } from "@weft/llm";
import { z } from "zod";

const WEATHER: Record<string, number> = { paris: 18, tokyo: 24 };

export const getWeather = defineTool(
  "get_weather",
  { description: "The temperature in a city, in °C", parameters: z.object({ city: z.string() }) },
  ({ city }) => {
    const tempC = WEATHER[city.toLowerCase()];
    if (tempC === undefined) throw new Error(`no weather data for "${city}"`);
    return { city, tempC };
  },
);

export const subtract = defineTool(
  "subtract",
  { description: "a - b", parameters: z.object({ a: z.number(), b: z.number() }) },
  ({ a, b }) => ({ result: a - b }),
);
