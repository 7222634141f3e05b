/** Number fragments the scenario's schema modules share. */
import { z } from "zod";

export const nonNegativeInt = z.number().int().nonnegative();
export const positiveInt = z.number().int().positive();
