/** RBAC authorizer (plugin/pkg/auth/authorizer/rbac): Roles/ClusterRoles bound to users, groups, service accounts. */
import type { Kernel } from "../core";
import type { Obj } from "../util";

export interface UserInfo {
  name: string;
  groups: string[];
}

/** Authenticate a kubeconfig user name: the admin is in system:masters; service accounts get their groups. */
export function authenticate(user: string | undefined): UserInfo | null {
  const name = user ?? "kubernetes-admin";
  if (!name) return null;
  if (name === "kubernetes-admin" || name === "admin") return { name, groups: ["kubeadm:cluster-admins", "system:masters", "system:authenticated"] };
  // Control-plane identities (controllers, nodes) hold their system:controller:* / system:node
  // permissions; the simulator grants them everything rather than modelling those roles.
  if (/^system:serviceaccount:kube-system:[\w-]*(controller|autoscaler)$/.test(name) || name.startsWith("system:node:") || name.startsWith("system:kube-")) {
    return { name, groups: ["system:masters", "system:authenticated"] };
  }
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  if (sa) return { name, groups: ["system:serviceaccounts", `system:serviceaccounts:${sa[1]}`, "system:authenticated"] };
  if (name.startsWith("system:")) return { name, groups: ["system:masters", "system:authenticated"] };
  return { name, groups: ["system:authenticated"] };
}

export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

function ruleAllows(rule: Obj, a: Attributes): boolean {
  const has = (list: string[] | undefined, v: string) => !!list && (list.includes("*") || list.includes(v));
  if (!has(rule.verbs, a.verb)) return false;
  if (rule.nonResourceURLs && !rule.resources) return false;
  if (!has(rule.apiGroups, a.group)) return false;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (!has(rule.resources, res) && !(a.subresource && rule.resources?.includes(`${a.resource}/*`)) && !rule.resources?.includes(`*/${a.subresource}`)) return false;
  if (rule.resourceNames?.length && (!a.name || !rule.resourceNames.includes(a.name))) return false;
  return true;
}

function subjectMatches(subj: Obj, u: UserInfo, bindingNs: string | undefined): boolean {
  if (subj.kind === "User") return subj.name === u.name;
  if (subj.kind === "Group") return u.groups.includes(subj.name);
  if (subj.kind === "ServiceAccount") return u.name === `system:serviceaccount:${subj.namespace ?? bindingNs}:${subj.name}`;
  return false;
}

function rulesFor(k: Kernel, roleRef: Obj, ns: string | undefined): Obj[] {
  const role = roleRef.kind === "ClusterRole" ? k.get("clusterroles", undefined, roleRef.name) : k.get("roles", ns, roleRef.name);
  if (!role) return [];
  // an aggregated ClusterRole's rules are what the clusterrole-aggregation controller wrote into it
  // (controllers/clusterrole-aggregation-controller.ts); the authorizer reads `rules` alone, as upstream's does
  return role.rules ?? [];
}

/** RBAC decision: true when any binding grants the request. system:masters is always allowed. */
export function authorize(k: Kernel, u: UserInfo, a: Attributes): boolean {
  if (u.groups.includes("system:masters")) return true;
  for (const b of k.list("clusterrolebindings")) {
    if (!(b.subjects ?? []).some((s: Obj) => subjectMatches(s, u, undefined))) continue;
    if (rulesFor(k, b.roleRef, undefined).some((r) => ruleAllows(r, a))) return true;
  }
  if (a.namespace) {
    for (const b of k.list("rolebindings", a.namespace)) {
      if (!(b.subjects ?? []).some((s: Obj) => subjectMatches(s, u, a.namespace))) continue;
      if (rulesFor(k, b.roleRef, a.namespace).some((r) => ruleAllows(r, a))) return true;
    }
  }
  return false;
}
