/** Semver classification: the bump a set of changes needs, the bump a version change declares, and the verdict. */
import semver from 'semver';

/** A semver bump, as `spx diff` classifies changes ("Versions and diffs" in the format reference). */
export type Bump = 'major' | 'minor' | 'patch';

/** What a set of changes needs: `none` when nothing changed. */
export type NeededBump = Bump | 'none';

/** What `metadata.version` old → new declares: `downgrade` when the version went down. */
export type DeclaredBump = Bump | 'none' | 'downgrade';

const RANK: Record<NeededBump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Orders bumps: none < patch < minor < major. */
export function bumpRank(bump: NeededBump): number {
  return RANK[bump];
}

/** The largest of the bumps (none for an empty list). */
export function maxBump(bumps: Iterable<NeededBump>): NeededBump {
  let max: NeededBump = 'none';
  for (const bump of bumps) if (RANK[bump] > RANK[max]) max = bump;
  return max;
}

/**
 * The bump a version change declares, compared with the `semver` package. Pre-releases count as the bump they
 * lead to (1.0.0 → 1.1.0-rc.1 is minor); 1.1.0-rc.1 → 1.1.0-rc.2 is patch; build metadata is ignored.
 */
export function declaredBump(before: string, after: string): DeclaredBump {
  const order = semver.compare(after, before);
  if (order < 0) return 'downgrade';
  if (order === 0) return 'none';
  switch (semver.diff(before, after)) {
    case 'major':
    case 'premajor':
      return 'major';
    case 'minor':
    case 'preminor':
      return 'minor';
    case 'patch':
    case 'prepatch':
    case 'prerelease':
      return 'patch';
    default:
      return 'none';
  }
}

/**
 * Whether the declared bump covers the needed one. A bigger bump than needed is fine; a version that went
 * down never is (a consumer pinned to the higher version would silently skip this one).
 */
export function bumpSuffices(needed: NeededBump, declared: DeclaredBump): boolean {
  if (declared === 'downgrade') return false;
  return RANK[declared] >= RANK[needed];
}

/** The smallest version after `before` that the needed bump allows (for "set metadata.version to …"). */
export function suggestedVersion(before: string, needed: NeededBump): string | undefined {
  return semver.inc(before, needed === 'none' ? 'patch' : needed) ?? undefined;
}
