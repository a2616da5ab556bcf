import { IsInt, IsNotEmpty, IsOptional, IsString, Min } from 'class-validator';
import { CommandRefusedError, InvalidInputError, VersionConflictError } from '../../../src/common/domain-errors';
import { domainErrorSummary, formValues, validateForm } from '../../../src/web/forms';
import { STAGE_ROWS, stageDiagramSvg } from '../../../src/web/presenters/stage-diagram';
import { isPageRequest, rewritePageUrl, safeLocalPath } from '../../../src/web/web-paths';

describe('page addresses', () => {
  it('routes every address outside /api and /assets to the page routes, and hides the internal prefix', () => {
    expect(rewritePageUrl('/')).toBe('/api/_pages');
    expect(rewritePageUrl('/?next=%2F')).toBe('/api/_pages?next=%2F');
    expect(rewritePageUrl('/projects/wantage')).toBe('/api/_pages/projects/wantage');
    expect(rewritePageUrl('/api/projects')).toBe('/api/projects');
    expect(rewritePageUrl('/api')).toBe('/api');
    expect(rewritePageUrl('/assets/nhsuk/x.css')).toBe('/assets/nhsuk/x.css');
    expect(rewritePageUrl('/api/_pages/sign-in')).toBe('/api/not-a-page/sign-in');
    expect(rewritePageUrl('/apix')).toBe('/api/_pages/apix');
    expect(isPageRequest({ url: '/api/_pages' })).toBe(true);
    expect(isPageRequest({ url: '/api/_pages/portfolio?rag=red' })).toBe(true);
    expect(isPageRequest({ url: '/api/_pagesx' })).toBe(false);
    expect(isPageRequest({ url: '/api/projects' })).toBe(false);
  });

  it('sends people back only to paths on this site after signing in', () => {
    expect(safeLocalPath('/projects/wantage?tab=1')).toBe('/projects/wantage?tab=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined, 42, '/sign-in?next=/x', '/sign-out', '/a\nb']) {
      expect(safeLocalPath(bad)).toBe('/');
    }
  });
});

class ExampleDto {
  @IsString()
  @IsNotEmpty()
  name: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  people?: number;
}

describe('forms with the API DTO rules', () => {
  it('turns form strings into the DTO types: blanks are not given, numbers, booleans and lists', () => {
    expect(formValues({ _csrf: 't', name: '  Ann ', people: '1,200', lead: 'true', pcns: ['a', 'b'], blank: '' }, { people: 'number', lead: 'boolean', pcns: 'list', missing: 'boolean' })).toEqual({
      name: 'Ann',
      people: 1200,
      lead: true,
      pcns: ['a', 'b'],
      missing: false,
    });
    expect(formValues({ districts: 'Cherwell' }, { districts: 'list' })).toEqual({ districts: ['Cherwell'] });
  });

  it('one plain message per field: a missing required field says it is required, once', () => {
    const result = validateForm(ExampleDto, { name: '', people: 'many' }, { labels: { name: 'the name', people: 'the number of people' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.fields).toEqual({ name: 'Enter the name', people: 'The number of people must be a whole number' });
    expect(result.errors.summary).toEqual([
      { text: 'Enter the name', href: '#name' },
      { text: 'The number of people must be a whole number', href: '#people' },
    ]);
    const ok = validateForm(ExampleDto, { name: 'Ann', people: '3' }, { labels: {}, coerce: { people: 'number' } });
    expect(ok).toEqual({ ok: true, value: expect.objectContaining({ name: 'Ann', people: 3 }) });
  });

  it('a refusal lists the engine’s blockers; a version conflict says someone changed it first', () => {
    const refused = domainErrorSummary(new CommandRefusedError('refused', [{ code: 'X', message: 'The core project team has no members.', stage: 'planning-and-codesign' }]), undefined, (b) => `#stage-${b.stage}`);
    expect(refused?.summary).toEqual([{ text: 'The core project team has no members.', href: '#stage-planning-and-codesign' }]);
    expect(domainErrorSummary(new VersionConflictError(1, 2))?.summary[0].text).toContain('someone else changed it first');
    expect(domainErrorSummary(new InvalidInputError('bad', [{ field: 'name', message: 'name is too long' }]))?.fields).toEqual({ name: 'Name is too long' });
  });
});

describe('stage diagram', () => {
  it('reads its rows from the machine: stage 1, stages 2-4 side by side, then 5 and 6', () => {
    expect(STAGE_ROWS).toEqual([
      ['planning-and-codesign'],
      ['population-health-and-care-needs', 'review-of-services-and-assets', 'innovation-and-good-practice'],
      ['meeting-population-needs'],
      ['development-of-options'],
    ]);
  });

  it('writes each status in words and marks the live position, escaping nothing unsafe', () => {
    const svg = stageDiagramSvg(
      {
        'planning-and-codesign': 'approved',
        'population-health-and-care-needs': 'in-review',
        'review-of-services-and-assets': 'in-progress',
        'innovation-and-good-practice': 'approved',
        'meeting-population-needs': 'not-started',
        'development-of-options': 'not-started',
      },
      'active',
      (s) => `/projects/x/stages/${s}`,
    );
    expect(svg).toContain('Stage 2 (current)');
    expect(svg).toContain('Stage 3 (current)');
    expect(svg).not.toContain('Stage 4 (current)');
    expect(svg).toContain('✓ Approved');
    expect(svg).toContain('In review');
    expect(svg).toContain('href="/projects/x/stages/meeting-population-needs"');
    expect(svg).toContain('aria-label="Stage 3: Review of services and assets, in progress, current"');
    expect(svg.match(/<line /g)).toHaveLength(1 * 3 + 3 * 1 + 1 * 1);
  });
});
