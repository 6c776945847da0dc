/** Kubernetes Status errors with the API server's reasons and messages (k8s-reference §8.3). */
import type { ResourceInfo } from "./resources";
import { qualifiedResource } from "./resources";

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

function status(code: number, reason: string, message: string, details?: Status["details"]): Status {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, details, code };
}

export function notFound(ri: ResourceInfo, name: string): Status {
  return status(404, "NotFound", `${qualifiedResource(ri)} "${name}" not found`, { name, group: ri.group, kind: ri.resource });
}

export function namespaceNotFound(ns: string): Status {
  return status(404, "NotFound", `namespaces "${ns}" not found`, { name: ns, kind: "namespaces" });
}

export function alreadyExists(ri: ResourceInfo, name: string): Status {
  return status(409, "AlreadyExists", `${qualifiedResource(ri)} "${name}" already exists`, { name, group: ri.group, kind: ri.resource });
}

export function conflict(ri: ResourceInfo, name: string): Status {
  return status(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(ri)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, group: ri.group, kind: ri.resource });
}

/** RBAC denial (AM errors.NewForbidden + RBAC authorizer reason). */
export function forbiddenRbac(ri: ResourceInfo, name: string | undefined, user: string, verb: string, namespace: string | undefined, subresource?: string): Status {
  const res = subresource ? `${ri.resource}/${subresource}` : ri.resource;
  const scope = namespace ? ` in the namespace "${namespace}"` : " at the cluster scope";
  const what = name ? `${qualifiedResource(ri)} "${name}"` : qualifiedResource(ri);
  return status(403, "Forbidden", `${what} is forbidden: User "${user}" cannot ${verb} resource "${res}" in API group "${ri.group}"${scope}`, { name, group: ri.group, kind: ri.resource });
}

/** Admission denial: `<resource> "<name>" is forbidden: <detail>`. */
export function forbidden(ri: ResourceInfo, name: string, detail: string): Status {
  return status(403, "Forbidden", `${qualifiedResource(ri)} "${name}" is forbidden: ${detail}`, { name, group: ri.group, kind: ri.resource });
}

export function unauthorized(): Status {
  return status(401, "Unauthorized", "Unauthorized");
}

export function badRequest(message: string): Status {
  return status(400, "BadRequest", message);
}

export function methodNotAllowed(message: string): Status {
  return status(405, "MethodNotAllowed", message);
}

/** A field error (AM util/validation/field). `value` undefined means no value part. */
export interface FieldError {
  type: "Required value" | "Invalid value" | "Unsupported value" | "Forbidden" | "Duplicate value" | "Not found" | "Too long" | "Too many";
  field: string;
  value?: unknown;
  detail?: string;
  hasValue?: boolean;
}

const CAUSE: Record<FieldError["type"], string> = {
  "Required value": "FieldValueRequired", "Invalid value": "FieldValueInvalid", "Unsupported value": "FieldValueNotSupported",
  Forbidden: "FieldValueForbidden", "Duplicate value": "FieldValueDuplicate", "Not found": "FieldValueNotFound",
  "Too long": "FieldValueTooLong", "Too many": "FieldValueTooMany",
};

/** Go %v/%q rendering of a BadValue; complex values as JSON since 1.34 (§8.3 [VERSION]). */
function renderValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  return JSON.stringify(v);
}

export function fieldErrorBody(e: FieldError): string {
  const hasValue = e.hasValue ?? (e.type === "Invalid value" || e.type === "Unsupported value" || e.type === "Duplicate value" || e.type === "Not found");
  let s = e.type as string;
  if (hasValue && e.value !== undefined) s += `: ${renderValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** 422 Invalid: message `<Kind>.<group> "<name>" is invalid: [a, b]` like errors.NewInvalid. */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): Status {
  const list = errs.map(fieldErrorString);
  const qual = group ? `${kind}.${group}` : kind;
  const msg = `${qual} "${name}" is invalid: ${list.length === 1 ? list[0] : "[" + list.join(", ") + "]"}`;
  return status(422, "Invalid", msg, {
    name, group, kind,
    causes: errs.map((e) => ({ reason: CAUSE[e.type], message: fieldErrorBody(e), field: e.field })),
  });
}

/** Decoding failures: `<Kind> in version "<v>" cannot be handled as a <Kind>: <err>`. */
export function cannotBeHandled(kind: string, version: string, err: string): Status {
  return badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${err}`);
}

export function internalError(message: string): Status {
  return status(500, "InternalError", `Internal error occurred: ${message}`);
}

export function isStatus(x: unknown): x is Status {
  return typeof x === "object" && x !== null && (x as Status).kind === "Status" && (x as Status).status === "Failure";
}
