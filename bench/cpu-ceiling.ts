/**
 * What two processes can get out of this machine's cores at all: a child of `bench --
 * scale32m` that spins on plain arithmetic (no memory traffic, no messages) for the seconds it
 * is given and reports how many rounds it did. One alone, then two at once: their ratio is
 * the ceiling any two serve processes could reach here (a virtual machine's two cores may
 * share a physical core, or neighbours may be using it).
 */
const seconds = Number(process.argv[2] ?? 5);

function round(seed: number): number {
  let x = seed;
  for (let k = 0; k < 100_000; k++) x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
  return x;
}

let rounds = 0;
let sink = 1;
const end = performance.now() + seconds * 1000;
while (performance.now() < end) {
  sink = round(sink);
  rounds++;
}
process.send?.({ type: 'ceiling', rounds, seconds, sink });
