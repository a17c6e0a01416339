/**
 * `profile/`: data-quality profile of the lake (parse success, null rates, quarantine reasons,
 * ts/observed_ts skew). May import `analytics/sql`, `schema/` and `core/`.
 */
export { profileLake, type ProfileGroup, type ProfileResult } from './profile-lake.js';
export { renderProfile } from './render-profile.js';
export { profileCommand } from './profile-command.js';
