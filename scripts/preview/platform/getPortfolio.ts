/** @salesforce/apex/HealthPortfolioController.getPortfolio in the preview. */
import type { PortfolioFilters } from '../../../force-app/main/default/lwc/healthUtils/healthUtils';
import { portfolio } from './apex';
import { wireAdapter } from './wire';

export default wireAdapter((config: { filters?: PortfolioFilters }) =>
    config.filters ? { data: portfolio(config.filters) } : null
);
