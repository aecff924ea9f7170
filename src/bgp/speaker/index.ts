// Public API of the speaker process.
export {
  CONFIG_FILE_VERSION,
  parseConfigFile,
  readConfigFile,
  toConfigFile,
  type SpeakerConfigFile,
} from "./config-file.js";
export { askSpeaker } from "./control-client.js";
export { ControlServer, answer } from "./control-server.js";
export { Cease, InstanceRuntime } from "./instance.js";
export { MemoryLogger, stderrLogger, type Logger } from "./log.js";
export { runSpeaker, type RunOptions } from "./run.js";
export { Speaker, type SpeakerOptions } from "./speaker.js";
export { systemAddresses, type AddressSource, type InterfaceAddress } from "./local-addresses.js";
export { unsupportedWarnings } from "./warnings.js";
