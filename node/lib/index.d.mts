// Types of the ESM entry (lib/index.mjs): the same declarations as the CommonJS entry.
import * as sdk from './index.js'

export * from './index.js'
export default sdk
