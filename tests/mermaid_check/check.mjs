// Parse Mermaid text with Mermaid's own parser and say what it saw.
// Input: a JSON list of diagram texts on stdin. Output: a JSON list of
// {"ok": true, "type", "title", "sections", "tasks": [{"section", "task", "score", "people"}]}
// or {"ok": false, "error"} per text, in order.
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!DOCTYPE html><body></body>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
for (const name of ["Element", "HTMLElement", "SVGElement", "DOMParser", "Node"]) {
  if (!(name in globalThis)) globalThis[name] = dom.window[name];
}

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
const { mermaidAPI } = await import("mermaid");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const results = [];
for (const text of texts) {
  try {
    await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const found = { ok: true, type: diagram.type };
    if (diagram.type === "journey") {
      found.title = db.getDiagramTitle();
      found.accTitle = db.getAccTitle();
      found.accDescription = db.getAccDescription();
      found.sections = [...db.getSections()];
      found.tasks = db.getTasks().map((t) => ({
        section: t.section, task: t.task, score: t.score, people: [...t.people],
      }));
    }
    results.push(found);
  } catch (error) {
    results.push({ ok: false, error: String(error && error.message ? error.message : error).split("\n")[0] });
  }
}
process.stdout.write(JSON.stringify(results));
