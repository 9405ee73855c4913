// k6 load test for the docker stack: the example app's routes, with thresholds.
//   docker compose -f docker/compose.yml --profile load run --rm k6
import http from 'k6/http'
import { check } from 'k6'

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8080'

export const options = {
  scenarios: {
    read: { executor: 'constant-vus', vus: 50, duration: '30s', exec: 'read' },
    write: { executor: 'constant-arrival-rate', rate: 200, timeUnit: '1s', duration: '30s', preAllocatedVUs: 20, exec: 'write' },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    'http_req_duration{scenario:read}': ['p(99)<50'],
  },
}

export function read() {
  const res = http.get(`${BASE}/hello/k6`)
  check(res, { 'status 200': (r) => r.status === 200, 'json body': (r) => r.json('hello') === 'k6' })
}

export function write() {
  const res = http.post(`${BASE}/api/notes`, JSON.stringify({ text: 'load' }), { headers: { 'Content-Type': 'application/json' } })
  check(res, { 'status 201': (r) => r.status === 201 })
}
