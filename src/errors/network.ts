import {defineCodes} from './define.js'
import {UserError, type SourceLocation} from './ops-error.js'

/** The network fence: the networks kotadc may contact (an overlay's allowedNetworks, KOTADC_ALLOWED_NETWORKS). */
export const networkOutsideFence = (o: {
  role: string
  host: string
  address: string
  addressAt?: SourceLocation
  fence: string
  declaredBy: string
}) =>
  new UserError({
    code: 'NETWORK_OUTSIDE_FENCE',
    message: `refusing to contact ${o.role} ${o.host} at ${o.address}${o.addressAt ? ` (address from ${o.addressAt.file}:${o.addressAt.line})` : ''}: it is outside the allowed networks ${o.fence} declared by ${o.declaredBy}`,
    hint: `if ${o.host} belongs in this environment, give it an address inside ${o.fence} in the overlay; widen the fence only if ${o.address} really may be contacted from here`,
    ...(o.addressAt ? {location: o.addressAt} : {}),
  })

export const networkFenceInvalid = (source: string, value: string) =>
  new UserError({
    code: 'NETWORK_FENCE_INVALID',
    message: `${source} holds "${value}", which is not an IPv4 CIDR block`,
    hint: 'write comma-separated blocks with zero host bits, e.g. 127.0.0.0/8,172.30.0.0/16',
  })

export const networkCodes = defineCodes({
  NETWORK_OUTSIDE_FENCE: {
    family: 'user',
    meaning:
      'a host, jump host, docker host or backup target is outside the networks the overlay (allowedNetworks) or KOTADC_ALLOWED_NETWORKS allow; nothing was contacted',
    fix: 'give the host an address inside the fence in the overlay (an overlay that forgets a host leaves it at its production address)',
  },
  NETWORK_FENCE_INVALID: {
    family: 'user',
    meaning: 'KOTADC_ALLOWED_NETWORKS (or allowedNetworks) holds something that is not an IPv4 CIDR block',
    fix: 'write comma-separated blocks such as 127.0.0.0/8,172.30.0.0/16',
  },
})
