// Validates rendered Kubernetes documents: the Kubernetes API schema carried by npm's kubernetes-models, KEDA's CRD
// schemas (@kubernetes-models/keda) and the Prometheus operator's (@kubernetes-models/prometheus-operator).
// Usage: node validate.mjs FILE.yaml...  Prints one JSON line: {"documents":N,"errors":[{file,index,kind,name,message}]}
// A document of a kind none of them knows is an error too. Exit status 0 when no error, 1 otherwise.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const registry = new Map();

async function register(moduleName) {
  const module = await import(moduleName);
  for (const value of Object.values(module)) {
    if (typeof value === "function" && value.apiVersion && value.kind) {
      registry.set(`${value.apiVersion}/${value.kind}`, value);
    }
  }
}

const kubernetesGroups = [
  "v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1",
];
for (const group of kubernetesGroups) {
  await register(`kubernetes-models/${group}`);
}
await register("@kubernetes-models/keda/keda.sh/v1alpha1");
await register("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1");

let documents = 0;
const errors = [];
for (const file of process.argv.slice(2)) {
  const parsed = parseAllDocuments(readFileSync(file, "utf8"));
  parsed.forEach((doc, index) => {
    if (doc.errors.length) {
      errors.push({ file, index, kind: "?", name: "?", message: doc.errors.map(String).join("; ") });
      return;
    }
    const object = doc.toJS();
    if (object === null || object === undefined) {
      return; // an empty document (a template that rendered nothing)
    }
    documents++;
    const kind = `${object.apiVersion}/${object.kind}`;
    const name = object.metadata?.name ?? "?";
    const model = registry.get(kind);
    if (!model) {
      errors.push({ file, index, kind, name, message: `no schema for ${kind}` });
      return;
    }
    try {
      new model(object).validate();
    } catch (e) {
      errors.push({ file, index, kind, name, message: String(e.message ?? e) });
    }
  });
}
console.log(JSON.stringify({ documents, errors }));
process.exit(errors.length ? 1 : 0);
