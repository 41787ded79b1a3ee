package org.kabambe.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code serve --admin-token-file FILE}: an admin token kept in a file, so that a server whose database is in memory
 * (where {@code kabambe token create} cannot reach) can be signed in to, the same token at every start. The file is
 * written once, readable by its owner only; its token is stored (hashed) in the database when missing there.
 * Blocking (file and JDBC): not on an event loop.
 */
public final class AdminTokenFile {
  static final String NAME = "admin token file";

  private AdminTokenFile() {}

  /** The file's token, stored in the database if needed; a new one written to the file when there is no file. */
  public static String ensure(ApiTokens tokens, Path file, String actor) {
    if (!Files.exists(file)) {
      var created = tokens.create(Role.ADMIN, NAME, Optional.empty(), actor);
      write(file, created.token());
      return created.token();
    }
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the admin token file " + file + ": " + e.getMessage(), e);
    }
    TokenCheck check = tokens.check(Optional.of("Bearer " + token), Role.ADMIN);
    if (check.caller().isPresent()) return token;
    if (!check.error().equals("unknown_token")) {
      throw new IllegalArgumentException("the admin token file " + file + ": " + check.message()
          + "; delete the file to have a new token written to it");
    }
    try {
      tokens.adopt(token, Role.ADMIN, NAME, Optional.empty(), actor);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the admin token file " + file + ": " + e.getMessage(), e);
    }
    return token;
  }

  private static void write(Path file, String token) {
    try {
      Path parent = Files.createDirectories(file.toAbsolutePath().getParent());
      // Owner-only from the first byte where the file system has POSIX permissions.
      if (Files.getFileStore(parent).supportsFileAttributeView("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException("the admin token file " + file + " appeared while it was being written");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the admin token file " + file + ": " + e.getMessage(), e);
    }
  }
}
