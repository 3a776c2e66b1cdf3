import seedDocument from "../protocols/ciclo-pilot.json";
import { type Protocol, protocolSchema } from "./protocol-schema";

/**
 * The seed protocol of the Pisa pilot (domain.md §2–§4), read from `protocols/ciclo-pilot.json`.
 * It is validated when this module loads: an invalid seed file is a bug, so it throws.
 *
 * @example
 * seedProtocol.arms.map((arm) => arm.code); // => ["treated", "control"]
 */
export const seedProtocol: Protocol = protocolSchema.parse(seedDocument);
