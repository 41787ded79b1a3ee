/**
 * What comes in as text from outside: a participant's reply folded for comparison ("Arrêt!" matches "ARRET"), and
 * text from participants or webhooks cleaned of what cannot be stored.
 */
package org.kabambe.input;
