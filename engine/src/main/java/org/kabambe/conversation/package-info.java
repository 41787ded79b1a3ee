/**
 * A participant's conversation across hops and channels: its stored form (codec, store, the row's version), the
 * per-number slots that run one number's hops in order, and the rows a hop records (answers, events, queued SMS).
 */
package org.kabambe.conversation;
