// The Go template subset of the simulated helm: whitespace trimming, pipelines, control structures,
// named templates and the Sprig functions the built-in charts use; errors are reported, not thrown.
import { describe, expect, it } from "vitest";
import { renderChart } from "./template";

const top = { Values: { a: { b: "x" }, n: 3, list: ["p", "q"], m: { k2: 2, k1: 1 }, empty: {}, flag: false }, Release: { Name: "rel", Namespace: "ns" }, Chart: { Name: "web", AppVersion: "1.0" } };
function r(src: string, extra: Record<string, string> = {}): string {
  const out = renderChart({ "templates/t.yaml": src, ...extra }, top, "web");
  if (!out.ok) throw new Error(out.error);
  return out.out["templates/t.yaml"];
}

describe("helm template subset", () => {
  it("fields, literals and trimming", () => {
    expect(r("v: {{ .Values.a.b }}")).toBe("v: x");
    expect(r("a:\n  {{- .Values.n }}\nb: {{ .Values.missing }}|")).toBe("a:3\nb: |");
    expect(r("x {{- /* c */ -}} y")).toBe("xy");
    expect(r("{{ 42 }} {{ true }} {{ \"s\" }} {{ `raw` }}")).toBe("42 true s raw");
  });
  it("pipelines and functions", () => {
    expect(r('{{ .Values.a.b | quote }} {{ .Values.nope | default "d" }} {{ .Values.n | default 7 }}')).toBe('"x" d 3');
    expect(r('{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 5 | trimSuffix "-" }}')).toBe("rel-w");
    expect(r("k:{{ toYaml .Values.m | nindent 2 }}")).toBe("k:\n  k1: 1\n  k2: 2");
    expect(r("{{ .Values.a.b | upper }} {{ lower \"AB\" }} {{ \"hi\" | b64enc }}")).toBe("X ab aGk=");
    expect(r('{{ if and (eq .Values.n 3) (not .Values.flag) }}yes{{ end }}')).toBe("yes");
    expect(r('{{ if eq .Values.n 4 }}a{{ else if eq .Values.n 3 }}b{{ else }}c{{ end }}')).toBe("b");
  });
  it("with, range over lists and maps, variables", () => {
    expect(r("{{ with .Values.empty }}x{{ else }}none{{ end }}|{{ with .Values.a }}{{ .b }}{{ end }}")).toBe("none|x");
    expect(r("{{ range .Values.list }}[{{ . }}]{{ end }}")).toBe("[p][q]");
    expect(r("{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}")).toBe("k1=1;k2=2;");
    expect(r("{{ range $i, $v := .Values.list }}{{ $i }}{{ $v }}{{ $.Release.Name }} {{ end }}")).toBe("0prel 1qrel ");
    expect(r("{{ $x := .Values.n }}{{ $x }}")).toBe("3");
  });
  it("define and include from a helpers file (not rendered itself)", () => {
    const out = renderChart({ "templates/_helpers.tpl": '{{- define "n" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end }}', "templates/t.yaml": 'name: {{ include "n" . }}\nlabels:{{ include "n" . | nindent 2 }}' }, top, "web");
    expect(out.ok && out.out).toEqual({ "templates/t.yaml": "name: rel-web\nlabels:\n  rel-web" });
  });
  it("errors come back as Helm-like messages", () => {
    expect(renderChart({ "templates/t.yaml": "{{ if .Values.n }}" }, top, "web")).toEqual({ ok: false, error: "parse error at (web/templates/t.yaml:1): unexpected EOF" });
    const bad = renderChart({ "templates/t.yaml": "{{ nosuch 1 }}" }, top, "web");
    expect(!bad.ok && bad.error).toContain('function "nosuch" not defined');
    const req = renderChart({ "templates/t.yaml": '{{ required "image is required" .Values.image }}' }, top, "web");
    expect(!req.ok && req.error).toContain("image is required");
    expect(renderChart({ "templates/t.yaml": '{{ include "missing" . }}' }, top, "web").ok).toBe(false);
  });
});
