declare module 'parse-prometheus-text-format' {
  interface Family { name: string; help: string; type: string; metrics: unknown[] }
  export default function parse(text: string): Family[]
}
