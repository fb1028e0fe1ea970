/** Catches a page's render error so one broken page does not blank the whole console. */
import { Component, type ReactNode } from 'react';
import { Result } from 'antd';
import { initialLang, translate } from '../../lib/i18n';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      const lang = initialLang();
      return <Result status="error" title={translate(lang, 'common.pageFailed')} subTitle={this.state.error.message} />;
    }
    return this.props.children;
  }
}
