import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import type { Settings } from './settings.js';

export interface DomainContext {
  db: Db;
  clock: Clock;
  settings: Settings;
  logger: Logger;
}
