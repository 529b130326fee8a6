import type pg from 'pg'

/** The pg driver, loaded only by a site with the pg backend: every other command starts without it. */
export const loadPg = async (): Promise<typeof pg> => (await import('pg')).default
