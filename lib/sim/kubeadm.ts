/**
 * kubeadm's four control-plane static Pods, as `kubeadm init` writes them to
 * /etc/kubernetes/manifests (cmd/kubeadm/app/phases/controlplane/manifests.go getAPIServerCommand,
 * getControllerManagerCommand, getSchedulerCommand; phases/etcd/local.go GetEtcdPodSpec;
 * util/staticpod/utils.go ComponentPod/ComponentProbe/ComponentResources; hostPath volumes from
 * phases/controlplane/volumes.go). One source for the mirror Pods the cluster boots with and for
 * the files the learner's shell shows, so both agree.
 */
import type { Obj } from "./util";

/** Image tags of a kubeadm v1.35 control plane (constants.go DefaultEtcdVersion for 1.35). */
export const KUBEADM_IMAGES: Record<string, string> = {
  etcd: "registry.k8s.io/etcd:3.6.4-0",
  "kube-apiserver": "registry.k8s.io/kube-apiserver:v1.35.0",
  "kube-controller-manager": "registry.k8s.io/kube-controller-manager:v1.35.0",
  "kube-scheduler": "registry.k8s.io/kube-scheduler:v1.35.0",
};

/** The serving (and probe) port of each component. */
export const COMPONENT_PORTS: Record<string, number> = { etcd: 2379, "kube-apiserver": 6443, "kube-controller-manager": 10257, "kube-scheduler": 10259 };

function hostPath(name: string, path: string, type: string): Obj {
  return { hostPath: { path, type }, name };
}

function probe(host: string, path: string, port: number, scheme: string, startup: boolean, failureThreshold: number): Obj {
  return {
    failureThreshold,
    httpGet: { host, path, port, scheme },
    ...(startup || failureThreshold === 8 ? { initialDelaySeconds: 10 } : {}),
    periodSeconds: 10,
    timeoutSeconds: 15,
  };
}

/** The Kubernetes version a cluster boots at unless its start asks for another (createCluster kubernetesVersion). */
export const DEFAULT_K8S_VERSION = "v1.35.0";

/**
 * etcd and CoreDNS image tags kubeadm pins per minor (cmd/kubeadm/app/constants/constants.go
 * SupportedEtcdVersion / CoreDNSVersion). For 1.35 a kubeadm v1.35.0 `upgrade plan` targets etcd
 * 3.6.6-0 and CoreDNS v1.13.1; a 1.34 kubeadm installs CoreDNS v1.12.1 and etcd 3.6.4-0. The
 * simulator's default v1.35.0 cluster keeps the etcd it always booted with (KUBEADM_IMAGES).
 */
const PINNED: Record<string, { etcd: string; coredns: string }> = {
  "1.34": { etcd: "3.6.4-0", coredns: "v1.12.1" },
  "1.35": { etcd: "3.6.6-0", coredns: "v1.13.1" },
};

/** The minor ("1.35") of "v1.35.1". */
export function minorOf(version: string): string {
  return version.replace(/^v/, "").split(".").slice(0, 2).join(".");
}

/** The etcd and CoreDNS tags kubeadm of `version`'s minor installs (upgrade targets). */
export function pinnedFor(version: string): { etcd: string; coredns: string } {
  return PINNED[minorOf(version)] ?? PINNED["1.35"];
}

/** The tag of an image reference ("registry.k8s.io/kube-apiserver:v1.35.0" -> "v1.35.0"; "" without one). */
export function imageTag(image: string): string {
  const at = image.split("@")[0];
  const slash = at.lastIndexOf("/");
  const colon = at.lastIndexOf(":");
  return colon > slash ? at.slice(colon + 1) : "";
}

/** Images of a control plane kubeadm set up at `version` (the default version keeps KUBEADM_IMAGES). */
export function kubeadmImages(version: string): Record<string, string> {
  if (version === DEFAULT_K8S_VERSION) return KUBEADM_IMAGES;
  return {
    etcd: `registry.k8s.io/etcd:${PINNED[minorOf(version)]?.etcd ?? imageTag(KUBEADM_IMAGES.etcd)}`,
    "kube-apiserver": `registry.k8s.io/kube-apiserver:${version}`,
    "kube-controller-manager": `registry.k8s.io/kube-controller-manager:${version}`,
    "kube-scheduler": `registry.k8s.io/kube-scheduler:${version}`,
  };
}

/** The CoreDNS image a cluster kubeadm set up at `version` runs. */
export function corednsImage(version: string): string {
  return `registry.k8s.io/coredns/coredns:${version === DEFAULT_K8S_VERSION ? "v1.12.1" : pinnedFor(version).coredns}`;
}

/** The Pod kubeadm writes for a component on a control-plane node with this IP (at Kubernetes `version`). */
export function kubeadmStaticPod(component: string, node: string, ip: string, version = DEFAULT_K8S_VERSION): Obj {
  const IMAGES = kubeadmImages(version);
  const certs = [
    { mountPath: "/etc/ssl/certs", name: "ca-certs", readOnly: true },
    { mountPath: "/etc/ca-certificates", name: "etc-ca-certificates", readOnly: true },
  ];
  const shareCerts = [
    { mountPath: "/usr/local/share/ca-certificates", name: "usr-local-share-ca-certificates", readOnly: true },
    { mountPath: "/usr/share/ca-certificates", name: "usr-share-ca-certificates", readOnly: true },
  ];
  const certVols = [hostPath("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate"), hostPath("etc-ca-certificates", "/etc/ca-certificates", "DirectoryOrCreate")];
  const shareVols = [hostPath("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates", "DirectoryOrCreate"), hostPath("usr-share-ca-certificates", "/usr/share/ca-certificates", "DirectoryOrCreate")];
  let annotations: Record<string, string> | undefined;
  let container: Obj;
  let volumes: Obj[];
  switch (component) {
    case "etcd":
      annotations = { "kubeadm.kubernetes.io/etcd.advertise-client-urls": `https://${ip}:2379` };
      container = {
        command: [
          "etcd", `--advertise-client-urls=https://${ip}:2379`, "--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--client-cert-auth=true",
          "--data-dir=/var/lib/etcd", "--experimental-initial-corrupt-check=true", "--experimental-watch-progress-notify-interval=5s",
          `--initial-advertise-peer-urls=https://${ip}:2380`, `--initial-cluster=${node}=https://${ip}:2380`, "--key-file=/etc/kubernetes/pki/etcd/server.key",
          `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, "--listen-metrics-urls=http://127.0.0.1:2381", `--listen-peer-urls=https://${ip}:2380`,
          `--name=${node}`, "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt", "--peer-client-cert-auth=true", "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
          "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt", "--snapshot-count=10000", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
        ],
        image: IMAGES.etcd,
        imagePullPolicy: "IfNotPresent",
        livenessProbe: probe("127.0.0.1", "/livez", 2381, "HTTP", false, 8),
        name: "etcd",
        readinessProbe: { failureThreshold: 3, httpGet: { host: "127.0.0.1", path: "/readyz", port: 2381, scheme: "HTTP" }, periodSeconds: 1, timeoutSeconds: 15 },
        resources: { requests: { cpu: "100m", memory: "100Mi" } },
        startupProbe: probe("127.0.0.1", "/readyz", 2381, "HTTP", true, 24),
        volumeMounts: [{ mountPath: "/var/lib/etcd", name: "etcd-data" }, { mountPath: "/etc/kubernetes/pki/etcd", name: "etcd-certs" }],
      };
      volumes = [hostPath("etcd-certs", "/etc/kubernetes/pki/etcd", "DirectoryOrCreate"), hostPath("etcd-data", "/var/lib/etcd", "DirectoryOrCreate")];
      break;
    case "kube-apiserver":
      annotations = { "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": `${ip}:6443` };
      container = {
        command: [
          "kube-apiserver", `--advertise-address=${ip}`, "--allow-privileged=true", "--authorization-mode=Node,RBAC", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
          "--enable-admission-plugins=NodeRestriction", "--enable-bootstrap-token-auth=true", "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
          "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt", "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key", "--etcd-servers=https://127.0.0.1:2379",
          "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt", "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
          "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname", "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
          "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key", "--requestheader-allowed-names=front-proxy-client",
          "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt", "--requestheader-extra-headers-prefix=X-Remote-Extra-",
          "--requestheader-group-headers=X-Remote-Group", "--requestheader-username-headers=X-Remote-User", "--secure-port=6443",
          "--service-account-issuer=https://kubernetes.default.svc.cluster.local", "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
          "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key", "--service-cluster-ip-range=10.96.0.0/12",
          "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt", "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
        ],
        image: IMAGES["kube-apiserver"],
        imagePullPolicy: "IfNotPresent",
        livenessProbe: probe(ip, "/livez", 6443, "HTTPS", false, 8),
        name: "kube-apiserver",
        readinessProbe: { failureThreshold: 3, httpGet: { host: ip, path: "/readyz", port: 6443, scheme: "HTTPS" }, periodSeconds: 1, timeoutSeconds: 15 },
        resources: { requests: { cpu: "250m" } },
        startupProbe: probe(ip, "/livez", 6443, "HTTPS", true, 24),
        volumeMounts: [...certs, { mountPath: "/etc/kubernetes/pki", name: "k8s-certs", readOnly: true }, ...shareCerts],
      };
      volumes = [...certVols, hostPath("k8s-certs", "/etc/kubernetes/pki", "DirectoryOrCreate"), ...shareVols];
      break;
    case "kube-controller-manager":
      container = {
        command: [
          "kube-controller-manager", "--allocate-node-cidrs=true", "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
          "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf", "--bind-address=127.0.0.1", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
          "--cluster-cidr=10.244.0.0/16", "--cluster-name=kubernetes", "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
          "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key", "--controllers=*,bootstrapsigner,tokencleaner", "--kubeconfig=/etc/kubernetes/controller-manager.conf",
          "--leader-elect=true", "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt", "--root-ca-file=/etc/kubernetes/pki/ca.crt",
          "--service-account-private-key-file=/etc/kubernetes/pki/sa.key", "--service-cluster-ip-range=10.96.0.0/12", "--use-service-account-credentials=true",
        ],
        image: IMAGES["kube-controller-manager"],
        imagePullPolicy: "IfNotPresent",
        livenessProbe: probe("127.0.0.1", "/healthz", 10257, "HTTPS", false, 8),
        name: "kube-controller-manager",
        resources: { requests: { cpu: "200m" } },
        startupProbe: probe("127.0.0.1", "/healthz", 10257, "HTTPS", true, 24),
        volumeMounts: [
          ...certs,
          { mountPath: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", name: "flexvolume-dir" },
          { mountPath: "/etc/kubernetes/pki", name: "k8s-certs", readOnly: true },
          { mountPath: "/etc/kubernetes/controller-manager.conf", name: "kubeconfig", readOnly: true },
          ...shareCerts,
        ],
      };
      volumes = [
        ...certVols,
        hostPath("flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", "DirectoryOrCreate"),
        hostPath("k8s-certs", "/etc/kubernetes/pki", "DirectoryOrCreate"),
        hostPath("kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate"),
        ...shareVols,
      ];
      break;
    default:
      container = {
        command: [
          "kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf", "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
          "--bind-address=127.0.0.1", "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true",
        ],
        image: IMAGES["kube-scheduler"],
        imagePullPolicy: "IfNotPresent",
        livenessProbe: probe("127.0.0.1", "/livez", 10259, "HTTPS", false, 8),
        name: "kube-scheduler",
        readinessProbe: { failureThreshold: 3, httpGet: { host: "127.0.0.1", path: "/readyz", port: 10259, scheme: "HTTPS" }, periodSeconds: 1, timeoutSeconds: 15 },
        resources: { requests: { cpu: "100m" } },
        startupProbe: probe("127.0.0.1", "/livez", 10259, "HTTPS", true, 24),
        volumeMounts: [{ mountPath: "/etc/kubernetes/scheduler.conf", name: "kubeconfig", readOnly: true }],
      };
      volumes = [hostPath("kubeconfig", "/etc/kubernetes/scheduler.conf", "FileOrCreate")];
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...(annotations ? { annotations } : {}), labels: { component, tier: "control-plane" }, name: component, namespace: "kube-system" },
    spec: {
      containers: [container],
      hostNetwork: true,
      priority: 2000001000,
      priorityClassName: "system-node-critical",
      securityContext: { seccompProfile: { type: "RuntimeDefault" } },
      volumes,
    },
    status: {},
  };
}

/**
 * The kubeadm-config ConfigMap `kubeadm init` uploads (phases/uploadconfig: the ClusterConfiguration,
 * kubeadm.k8s.io/v1beta4 in 1.31+, marshalled with sorted keys). `kubeadm upgrade` reads it and
 * `upgrade apply` stores the new kubernetesVersion in it.
 */
export function kubeadmConfigMap(version: string, controlPlaneEndpoint: string): Obj {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kubeadm-config", namespace: "kube-system" }, data: { ClusterConfiguration: clusterConfiguration(version, controlPlaneEndpoint) } };
}

/** The ClusterConfiguration document kubeadm-config holds (one source for every preset that has one). */
export function clusterConfiguration(version: string, controlPlaneEndpoint: string): string {
  return [
    "apiServer: {}",
    "apiVersion: kubeadm.k8s.io/v1beta4",
    "caCertificateValidityPeriod: 87600h0m0s",
    "certificateValidityPeriod: 8760h0m0s",
    "certificatesDir: /etc/kubernetes/pki",
    "clusterName: kubernetes",
    `controlPlaneEndpoint: ${controlPlaneEndpoint}`,
    "controllerManager: {}",
    "dns: {}",
    "encryptionAlgorithm: RSA-2048",
    "etcd:",
    "  local:",
    "    dataDir: /var/lib/etcd",
    "imageRepository: registry.k8s.io",
    "kind: ClusterConfiguration",
    `kubernetesVersion: ${version}`,
    "networking:",
    "  dnsDomain: cluster.local",
    "  podSubnet: 10.244.0.0/16",
    "  serviceSubnet: 10.96.0.0/12",
    "proxy: {}",
    "scheduler: {}",
    "",
  ].join("\n");
}

/** The kubernetesVersion a kubeadm-config ConfigMap records ("" when it has none). */
export function configuredVersion(cm: Obj | null | undefined): string {
  const m = /^kubernetesVersion:\s*(\S+)\s*$/m.exec(String(cm?.data?.ClusterConfiguration ?? ""));
  return m ? m[1].replace(/^"|"$/g, "") : "";
}

/** The same ClusterConfiguration with another kubernetesVersion (what `upgrade apply` uploads). */
export function withConfiguredVersion(cm: Obj, version: string): Obj {
  const text = String(cm.data?.ClusterConfiguration ?? "");
  const next = /^kubernetesVersion:.*$/m.test(text) ? text.replace(/^kubernetesVersion:.*$/m, `kubernetesVersion: ${version}`) : `${text}kubernetesVersion: ${version}\n`;
  return { ...cm, data: { ...cm.data, ClusterConfiguration: next } };
}
