// monaco-yaml's language service as a worker of the fixture's own, as the console bundles it.
import 'monaco-yaml/yaml.worker.js';
