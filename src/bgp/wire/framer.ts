// Cuts a TCP byte stream into BGP messages (RFC 4271 §4.1). Fed whatever chunks the socket
// delivers; returns each complete message as its own copy, header included. The header is
// checked as soon as its 19 octets arrive, so a peer that lost sync is caught before we wait
// for a body that will never come.
import { HEADER_LENGTH, MAX_MESSAGE_LENGTH } from "./constants.js";
import { notification } from "./errors.js";
import { readHeader } from "./header.js";
import { Reader, type Underflow } from "./reader.js";

const STREAM: Underflow = {
  what: "stream",
  notification: notification(1, 2),
  handling: "session-reset",
};

export class Framer {
  #pending: Uint8Array = new Uint8Array(0);
  #maxLength: number;

  constructor(maxLength: number = MAX_MESSAGE_LENGTH) {
    this.#maxLength = maxLength;
  }

  /** RFC 8654: raise the limit once both OPENs carried the Extended Message capability. */
  setMaxLength(maxLength: number): void {
    this.#maxLength = maxLength;
  }

  /** Octets received but not yet part of a complete message. */
  get buffered(): number {
    return this.#pending.length;
  }

  /** Adds a chunk; returns the messages it completed, in order. Throws BgpDecodeError. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      const next = new Uint8Array(this.#pending.length + chunk.length);
      next.set(this.#pending, 0);
      next.set(chunk, this.#pending.length);
      this.#pending = next;
    }
    const out: Uint8Array[] = [];
    const r = new Reader(this.#pending, STREAM);
    while (r.remaining >= HEADER_LENGTH) {
      const start = r.position;
      const { length } = readHeader(r.sub(HEADER_LENGTH), this.#maxLength);
      if (length - HEADER_LENGTH > r.remaining) {
        // Wait for the rest of the body; re-read the header next time.
        this.#pending = r.slice(start, this.#pending.length);
        return out;
      }
      r.sub(length - HEADER_LENGTH);
      out.push(r.slice(start, start + length));
    }
    this.#pending = r.rest();
    return out;
  }
}
