// Copies the repository's JSON Schemas (charter, okrs, config) into the
// extension, so that they ship in the .vsix beside the tomlValidation
// contribution that names them.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const from = join(here, "..", "..", "..", "schemas");
const to = join(here, "..", "schemas");
mkdirSync(to, { recursive: true });
const copied = readdirSync(from).filter((f) => f.endsWith(".schema.json"));
for (const f of copied) copyFileSync(join(from, f), join(to, f));
if (copied.length < 3) throw new Error(`expected 3 schemas in ${from}, found ${copied}`);
console.log(`copied ${copied.join(", ")} into schemas/`);
