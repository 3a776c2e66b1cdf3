/**
 * @ciclo/stats — survival analysis and inference, validated against R. Pure: no I/O.
 *
 * Failure contract: user-caused problems (bad times, empty groups, singular designs) come back
 * as values or warnings with a message that says what to change; a thrown Error means a bug.
 */
export { expectClose } from "./testing";
