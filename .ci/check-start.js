// Checks a freshly started service: healthy, demo projects loaded (seen by the demo programme
// manager, signed in with the default DEMO_PASSWORD), docs served.
const base = process.argv[2];
const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'demo-password-2019';
async function main() {
  let token;
  const get = async (path) => {
    const res = await fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
  };
  await get('/api/health');
  const unauthenticated = await fetch(`${base}/api/projects`);
  if (unauthenticated.status !== 401) throw new Error(`/api/projects without a token: HTTP ${unauthenticated.status}, expected 401`);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'pm@example.org', password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`sign-in as pm@example.org: HTTP ${login.status}`);
  token = (await login.json()).token;
  const projects = await get('/api/projects');
  const slugs = projects.items.map((p) => p.slug);
  if (!slugs.includes('wantage') || !slugs.includes('banbury')) throw new Error(`demo projects missing: ${slugs}`);
  await get('/api/docs');
  console.log(`start check passed: ${slugs.join(', ')} served at ${base}`);
}
main().catch((e) => {
  console.error('start check failed:', e.message);
  process.exit(1);
});
