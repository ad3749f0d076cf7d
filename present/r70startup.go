package present

// MaskedWhy follows a text in which a credential was masked (internal/cli's start-up refusals).
const MaskedWhy = maskedWhy
