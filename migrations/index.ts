import type { Migration } from 'kysely';
import * as createArenaSchema from './2026-11-23-001-create-arena-schema.js';
import * as createSettings from './2026-11-23-002-create-settings.js';
import * as addRaterExclusion from './2026-11-23-003-add-rater-exclusion.js';
import * as createSessions from './2026-11-23-004-create-sessions.js';
import * as createCampaigns from './2026-11-23-005-create-campaigns.js';
import * as createInvites from './2026-11-23-006-create-invites.js';
import * as addCampaignOverlap from './2026-11-23-007-add-campaign-overlap.js';
import * as addAssignmentQuestion from './2026-11-23-008-add-assignment-question.js';
import * as addCellServedCount from './2026-11-23-009-add-cell-served-count.js';
import * as createRaterSetTallies from './2026-11-23-010-create-rater-set-tallies.js';
import * as addSetModels from './2026-11-23-011-add-set-models.js';
import * as addSessionToken from './2026-11-23-012-add-session-token.js';

/** Every migration, by name, in order. A test checks this list against the folder. */
export const migrations: Record<string, Migration> = {
  '2026-11-23-001-create-arena-schema': createArenaSchema,
  '2026-11-23-002-create-settings': createSettings,
  '2026-11-23-003-add-rater-exclusion': addRaterExclusion,
  '2026-11-23-004-create-sessions': createSessions,
  '2026-11-23-005-create-campaigns': createCampaigns,
  '2026-11-23-006-create-invites': createInvites,
  '2026-11-23-007-add-campaign-overlap': addCampaignOverlap,
  '2026-11-23-008-add-assignment-question': addAssignmentQuestion,
  '2026-11-23-009-add-cell-served-count': addCellServedCount,
  '2026-11-23-010-create-rater-set-tallies': createRaterSetTallies,
  '2026-11-23-011-add-set-models': addSetModels,
  '2026-11-23-012-add-session-token': addSessionToken,
};
