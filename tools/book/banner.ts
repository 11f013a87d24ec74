/**
 * The banner of a page built in the quick profile (the test profile): shortened runs, so its
 * figures, numbers and verdicts are not the book's findings at the papers' sizes.
 *
 * @example
 * quickBanner("quick"); // '<div class="profile-banner" …><b>Quick profile.</b> …</div>'
 * quickBanner("full");  // ""
 */
export function quickBanner(profile: "quick" | "full" | undefined): string {
  if (profile !== "quick") return "";
  return (
    `<div class="profile-banner" role="note"><b>Quick profile.</b> This page was built with shortened runs (the test profile), ` +
    `not at the papers' sizes: its figures, numbers and verdicts can differ from the reader's book. ` +
    `Build the reader's book with <code>npm run book</code>.</div>`
  );
}

