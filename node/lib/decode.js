'use strict'

// The native addon hands models over as JSON text (V8's JSON.parse builds large objects far faster
// than one N-API call per property). Date-times arrive as epoch milliseconds in the `…At` fields
// (createdAt, expireAt, finishedAt) and become `Date`s here; `raw` (the JSON as Plisio sent it) is
// left exactly as parsed.

function revive(value) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i]
      if (item !== null && typeof item === 'object') revive(item)
    }
    return value
  }
  for (const key in value) {
    if (key === 'raw') continue
    const item = value[key]
    if (item === null) continue
    if (typeof item === 'object') revive(item)
    else if (typeof item === 'number' && key.endsWith('At')) value[key] = new Date(item)
  }
  return value
}

/** A model from its JSON text. */
function decode(text) {
  return revive(JSON.parse(text))
}

module.exports = { decode }
