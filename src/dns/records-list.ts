import type {RecordType, SiteZones} from './zone-model.js'
import {allZones} from './zone-model.js'

/** One record as `kotadc dns records` shows it: absolute owner name, no trailing dots. */
export interface DnsRecordRow {
  zone: string
  name: string
  type: RecordType
  value: string
}

const absolute = (zone: string, owner: string): string => (owner === '@' ? zone : `${owner}.${zone}`)

/** Every record the zones will hold, zone by zone in serving order (the SOA is left out: its serial is live state). */
export const listDnsRecords = (zones: SiteZones): DnsRecordRow[] =>
  allZones(zones).flatMap((z) =>
    z.records.map((r) => ({zone: z.name, name: absolute(z.name, r.owner), type: r.type, value: r.value.replace(/\.$/, '')})),
  )
