// Imported first by every process the bench starts beside itself (its baselines, the customer
// reads' process): such a process exits when its IPC channel to the bench closes, which it does
// however the bench ends (SIGKILL too), instead of serving or loading on for minutes after it.
if (process.send) process.once('disconnect', () => process.exit(0));
