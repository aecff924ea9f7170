// The ping the lab tests use to say "traffic flows": `count` echoes 200 ms apart, each given 1 s,
// numeric output. As argv for a lab's exec (`current.execJson(target, ...quickPing(ip))`).
export function quickPing(destination: string, count = 3): string[] {
  return ["ping", "-n", "-c", String(count), "-i", "0.2", "-W", "1", destination];
}
