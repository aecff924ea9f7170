// fabric graph PATH: the lab as a picture, without running anything.
import { ValidationError } from "../errors.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { layoutLab } from "./views/graph/layout.js";
import { renderGraph, type GraphFormat } from "./views/graph/render.js";

export function graph(path: string, format: GraphFormat): void {
  const result = loadLab(path);
  if (!result.lab) throw new ValidationError(result.diagnostics);
  process.stdout.write(renderGraph(layoutLab(result.lab), format));
}
