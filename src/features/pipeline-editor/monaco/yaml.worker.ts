// monaco-yaml's language service, as a worker of our own: Vite bundles a worker imported with
// `?worker` from the project's sources reliably, where one referenced inside a dependency fails
// ("Unexpected usage", monaco-yaml's README).
import 'monaco-yaml/yaml.worker.js';
