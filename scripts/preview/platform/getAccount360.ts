/** @salesforce/apex/Account360Controller.getAccount360 in the preview. */
import { account360 } from './apex';
import { wireAdapter } from './wire';

export default wireAdapter((config: { accountId?: string }) =>
    config.accountId ? { data: account360(config.accountId) } : null
);
