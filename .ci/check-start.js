// Checks a freshly started service: healthy, demo projects loaded, docs served.
const base = process.argv[2];
async function main() {
  const get = async (path) => {
    const res = await fetch(base + path);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
  };
  await get('/api/health');
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
