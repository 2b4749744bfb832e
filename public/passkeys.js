// Passkeys (WebAuthn) for the sign-in, re-authentication and security pages. Only enhances
// forms marked data-passkey; without JavaScript (or without WebAuthn) they stay hidden and
// passwords and codes work as before. Talks only to this site.
(() => {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }

  const toBytes = (b64url) => {
    const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((b64url.length + 3) % 4);
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
  };
  const toB64url = (buffer) => {
    let s = "";
    for (const b of new Uint8Array(buffer)) {
      s += String.fromCharCode(b);
    }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  const post = async (url, fields) => {
    const body = new URLSearchParams(fields);
    const res = await fetch(url, { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } });
    const json = await res.json().catch(() => ({}));
    return { ok: res.ok, json };
  };

  const creationOptions = (o) => ({
    ...o,
    challenge: toBytes(o.challenge),
    user: { ...o.user, id: toBytes(o.user.id) },
    excludeCredentials: (o.excludeCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
  });
  const requestOptions = (o) => ({
    ...o,
    challenge: toBytes(o.challenge),
    allowCredentials: (o.allowCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
  });

  const registrationJson = (cred) => ({
    id: cred.id,
    rawId: toB64url(cred.rawId),
    type: cred.type,
    authenticatorAttachment: cred.authenticatorAttachment || undefined,
    clientExtensionResults: cred.getClientExtensionResults(),
    response: {
      clientDataJSON: toB64url(cred.response.clientDataJSON),
      attestationObject: toB64url(cred.response.attestationObject),
      transports: typeof cred.response.getTransports === "function" ? cred.response.getTransports() : [],
    },
  });
  const authenticationJson = (cred) => ({
    id: cred.id,
    rawId: toB64url(cred.rawId),
    type: cred.type,
    authenticatorAttachment: cred.authenticatorAttachment || undefined,
    clientExtensionResults: cred.getClientExtensionResults(),
    response: {
      clientDataJSON: toB64url(cred.response.clientDataJSON),
      authenticatorData: toB64url(cred.response.authenticatorData),
      signature: toB64url(cred.response.signature),
      userHandle: cred.response.userHandle ? toB64url(cred.response.userHandle) : undefined,
    },
  });

  for (const form of document.querySelectorAll("form[data-passkey]")) {
    form.hidden = false;
    const kind = form.dataset.passkey;
    const errorBox = form.querySelector("[data-passkey-error]");
    const fail = (message) => {
      if (errorBox) {
        errorBox.textContent = message || form.dataset.error || "Passkey failed.";
        errorBox.hidden = false;
      }
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = Object.fromEntries(new FormData(form));
      try {
        const start = await post(`${form.action}/options`, { _csrf: fields._csrf });
        if (!start.ok) {
          if (start.json.reauth) {
            location.assign(start.json.reauth);
            return;
          }
          fail(start.json.error);
          return;
        }
        const { challengeId, options } = start.json;
        const cred =
          kind === "register"
            ? await navigator.credentials.create({ publicKey: creationOptions(options) })
            : await navigator.credentials.get({ publicKey: requestOptions(options) });
        const response = kind === "register" ? registrationJson(cred) : authenticationJson(cred);
        const done = await post(form.action, { ...fields, payload: JSON.stringify({ challengeId, response }) });
        if (done.ok && done.json.redirect) {
          location.assign(done.json.redirect);
        } else {
          fail(done.json.error);
        }
      } catch (e) {
        fail(e && e.message);
      }
    });
  }
})();
