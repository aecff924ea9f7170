// How a lab's BGP speakers run, with no imports: the CLI declares --speaker-mode from it before
// any deploy code is loaded.

/** host: every node's speaker in one process per lab (the default); process: one per node. */
export const SPEAKER_MODES = ["host", "process"] as const;
export type SpeakerMode = (typeof SPEAKER_MODES)[number];
