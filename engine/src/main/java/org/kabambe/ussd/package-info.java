/**
 * The USSD service: a gateway's hop in, one interpreter step, a screen out; with what it keeps per number between
 * hops (the USSD session and its codec) and the gateway quirks it reads (dial strings, cumulative input).
 */
package org.kabambe.ussd;
