package org.kabambe.conversation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.kabambe.contact.Contact;
import org.kabambe.flow.settings.ContactFields;
import org.kabambe.contact.ContactStore;

/**
 * Reads a participant's stored contact when a session starts, so flows see {@code contact.*} as it is now, even
 * when another channel (or an import) changed it since the number's slot was cached. Once per session, not per
 * hop; the blocking read runs on the slot loaders' executor, never on an event loop.
 */
@FunctionalInterface
public interface ContactLoader {
  /** Every number is new: for services without a database (tests of the session logic alone). */
  ContactLoader NONE = phone -> CompletableFuture.completedFuture(Contact.unknown(phone));

  CompletionStage<Contact> load(String phone);

  /** Reads from {@code store} on {@code executor}, typing fields by the programme's current fields.yaml. */
  static ContactLoader from(ContactStore store, Supplier<ContactFields> fields, Executor executor) {
    return phone -> CompletableFuture.supplyAsync(() -> store.findOrUnknown(phone, fields.get()), executor);
  }
}
