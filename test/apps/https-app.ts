/** The app behind test/nginx/https.test.ts. */
import { app } from 'tresty'
import { session } from 'tresty/session'
import { secureHeaders } from 'tresty/middleware/secure-headers'

const a = app()
const sess = session('sid', 'https-test-secret-0123456789')
a.use(secureHeaders(), sess.middleware(600))
a.get('/', () => 'hello')
a.post('/login', (q) => { q.session.data.user = 'ann'; return 'in' })
export default a
