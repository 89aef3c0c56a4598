// Styles of the Forecast panel's form controls (inputs, selects, inline problems), shared by the
// inputs form and its source picker.
import { css } from 'lit';

export const formStyles = css`
  form,
  .knobs {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 14px;
    align-items: flex-start;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.9em;
    color: var(--vscode-descriptionForeground);
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--vscode-input-foreground);
    background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent));
    border-radius: 2px;
    padding: 3px 5px;
  }
  input[type='number'] {
    width: 7.5em;
  }
  textarea {
    width: 18em;
    height: 2.6em;
  }
  [aria-invalid='true'] {
    border-color: var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
  }
  .err {
    color: var(--vscode-errorForeground);
    font-size: 0.85em;
    max-width: 16em;
  }
  .check {
    flex-direction: row;
    align-items: center;
    padding-top: 16px;
  }
  details {
    flex-basis: 100%;
  }
  /* A form inside a form is not HTML: the settings under "More settings" are a group of the form. */
  details .knobs {
    margin-top: 6px;
  }
`;
