import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../testing/render';
import { ToolResultView } from './tool-result';

describe('tool result', () => {
  it('shows an isError answer as text, never as markup', () => {
    const hostile = '<img src=x onerror="alert(1)"><b>Kitchen</b> is unavailable';
    const { container } = renderWithProviders(
      <ToolResultView outcome={{ kind: 'result', latencyMs: 42, result: { isError: true, content: [{ type: 'text', text: hostile }] } }} />,
    );
    expect(screen.getByText('The tool answered with an error')).toBeInTheDocument();
    expect(screen.getByText(hostile)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByText('Latency: 42 ms')).toBeInTheDocument();
  });

  it('pretty-prints JSON text in a pre', () => {
    renderWithProviders(<ToolResultView outcome={{ kind: 'result', latencyMs: 5, result: { content: [{ type: 'text', text: '{"state":"on","brightness":80}' }] } }} />);
    const pre = screen.getByText(/"state": "on"/);
    expect(pre.tagName).toBe('PRE');
    expect(pre.textContent).toBe('{\n  "state": "on",\n  "brightness": 80\n}');
  });

  it('shows a refusal with its JSON-RPC code and the API message', () => {
    renderWithProviders(<ToolResultView outcome={{ kind: 'refused', latencyMs: 3, error: { code: -32002, message: 'MCP error -32002: Not permitted: HassTurnOn needs write' } }} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Refused: JSON-RPC error -32002');
    expect(screen.getByRole('alert')).toHaveTextContent('Not permitted: HassTurnOn needs write');
  });
});
