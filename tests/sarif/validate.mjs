// validate.mjs CASES - the SARIF suite's judge (run.sh makes CASES).
//
// CASES has one line per case: name, the SARIF log of aftermath check
// --format sarif and the JSON document of --format json of the same
// check, tab-separated. Each log must be valid against the SARIF 2.1.0
// schema shipped in @microsoft/jest-sarif (JSON Schema draft-04, hence
// ajv-draft-04; its uri and date-time formats from ajv-formats), and say
// what the JSON says: the same findings in the same order, each with
// its rule, level, message, file, line and column, and a ruleIndex that
// names its rule. Prints "PASS name" or "FAIL name" with the reasons.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// the packages are tests/browser's (npm-ci.sh installs them)
const require = createRequire(new URL('../browser/package.json', import.meta.url));
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');
const schema = JSON.parse(readFileSync(require.resolve(
  '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

// unicodeRegExp: false, as the schema's pattern for "language" has a
// stray ']' that only a regular expression without the u flag accepts;
// strict: false, as draft-04 schemas predate ajv's strict mode.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

// The reasons log (from --format sarif) disagrees with doc (--format json).
function compare(log, doc) {
  const why = [];
  const run = log.runs[0];
  const rules = run.tool.driver.rules;
  const results = run.results;
  if (results.length !== doc.findings.length)
    why.push(`${results.length} results, ${doc.findings.length} findings`);
  doc.findings.forEach((f, i) => {
    const r = results[i];
    if (r === undefined)
      return;
    const at = `result ${i} (${f.path}:${f.line}:${f.column})`;
    if (r.ruleId !== f.rule || r.level !== f.level || r.message.text !== f.message)
      why.push(`${at}: ${r.ruleId}/${r.level}/${r.message.text}`);
    if (r.ruleIndex !== undefined && rules[r.ruleIndex].id !== r.ruleId)
      why.push(`${at}: ruleIndex ${r.ruleIndex} is ${rules[r.ruleIndex].id}`);
    if (r.ruleIndex === undefined && rules.some((x) => x.id === r.ruleId))
      why.push(`${at}: no ruleIndex for a catalogued rule`);
    const loc = r.locations?.[0]?.physicalLocation;
    if (f.path === null) {
      if (loc !== undefined)
        why.push(`${at}: a location for a finding about no file`);
      return;
    }
    const art = loc?.artifactLocation;
    if (art?.uriBaseId !== '%SRCROOT%' || decodeURIComponent(art.uri) !== f.path)
      why.push(`${at}: uri ${art?.uri} base ${art?.uriBaseId}`);
    const line = loc.region?.startLine ?? 0;
    const col = loc.region?.startColumn ?? 0;
    if (line !== f.line || col !== (f.line > 0 ? f.column : 0))
      why.push(`${at}: region ${line}:${col}`);
  });
  // a helpUri only when the build was told where the docs are
  for (const x of rules)
    if (!x.shortDescription?.text || !x.help?.text?.includes(x.id) ||
        (x.helpUri !== undefined &&
         !/^https:\/\/.*\/rules\.md#[a-z-]+$/.test(x.helpUri)) ||
        (x.helpUri !== undefined && !x.helpUri.endsWith('#' + x.id)))
      why.push(`rule ${x.id}: help ${x.help?.text} helpUri ${x.helpUri}`);
  return why;
}

let failed = false;
for (const line of readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line === '')
    continue;
  const [name, sarif, json] = line.split('\t');
  let why;
  try {
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    why = validate(log) ?
      compare(log, JSON.parse(readFileSync(json, 'utf8'))) :
      validate.errors.map((e) => `${e.instancePath} ${e.message}`);
  } catch (e) {
    why = [String(e)];
  }
  if (why.length === 0) {
    console.log(`PASS sarif ${name}`);
  } else {
    failed = true;
    console.log(`FAIL sarif ${name}`);
    for (const w of why.slice(0, 20))
      console.log(`    ${w}`);
  }
}
process.exit(failed ? 1 : 0);
