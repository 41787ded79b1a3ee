/**
 * The programme-wide settings an author keeps beside the flows: contact fields ({@code flows/fields.yaml}), global
 * SMS keywords ({@code keywords.yaml}), USSD navigation words ({@code navigation.yaml}) and the time-zone field.
 */
package org.kabambe.flow.settings;
