// The customer reads of `readInChildProcess`, in a process of their own: it says when it is
// ready, starts when the parent sends the options and sends the result back; it ends with the
// bench if the bench ends first.
import './exit-with-bench.ts';
import { runCustomerReads, type CustomerReadsOptions } from './customer-reads.ts';

const options = await new Promise<CustomerReadsOptions>((resolve) => {
  process.once('message', (message) => resolve(message as CustomerReadsOptions));
  process.send!('ready');
});
const result = await runCustomerReads(options);
// Exits at once: the kept-alive connections to the gateway would hold the process for a minute.
process.send!(result, () => process.exit(0));
