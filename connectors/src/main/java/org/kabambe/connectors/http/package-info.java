/**
 * What every connector's HTTP routes share: strict form and query decoding ({@link
 * org.kabambe.connectors.http.FormFields}), a 400 that names the bad field ({@link
 * org.kabambe.connectors.http.BadFieldException}), a capped body reader that leaves decoding to us ({@link
 * org.kabambe.connectors.http.BoundedBody}) and the one way a route ends its response ({@link
 * org.kabambe.connectors.http.ResponseWriter}).
 */
package org.kabambe.connectors.http;
